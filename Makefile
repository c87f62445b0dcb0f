# Thin wrapper over ./dev (which works without make): make demo | test | build | install | deps
PREFIX ?= /usr/local
.PHONY: demo test build install deps
demo test build deps:
	./dev $@
install:
	./dev install PREFIX=$(PREFIX)
