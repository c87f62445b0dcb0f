#!/usr/bin/env python3
"""Synthesize the spoken-digits corpus for demos/spoken-digits/blstm-ctc.config.

    python3 demos/spoken-digits/make-corpus.py [OUT_DIR] [--train N] [--dev N] [--seed S]

OUT_DIR defaults to /tmp/$USER/spoken-digits. Needs Debian's espeak-ng and sox (with Ogg/Vorbis,
package libsox-fmt-base) and plain python3 (no numpy). Writes

    OUT_DIR/train.zip    OggZip: train.txt (meta list) + train/<tag>.ogg
    OUT_DIR/dev.zip      OggZip: dev.txt + dev/<tag>.ogg
    OUT_DIR/words.vocab  the word vocabulary, a Python dict literal {"word": index}

Each utterance is a string of 1 to 5 digit words ("three one four") or one short command word
("yes", "stop"), spoken by espeak-ng with one of 8 English accents, a voice variant (+m1 ... +f5),
a random speed, pitch and word gap, resampled to 16 kHz mono and encoded as Ogg/Vorbis.
The dev set is held out twice: its voice variants (+m4, +m7, +f4) never occur in train, and each
of its digit strings of two or more digits is absent from train. Everything is drawn from one
seeded random generator, so the same seed gives the same texts, voices and audio.
"""

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import wave
import zipfile

DIGITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
COMMANDS = ["yes", "no", "stop", "go"]
WORDS = DIGITS + COMMANDS
ACCENTS = ["en-us", "en-gb", "en-gb-scotland", "en-gb-x-rp", "en-gb-x-gbclan", "en-gb-x-gbcwmd",
           "en-029", "en-us-nyc"]
TRAIN_VARIANTS = ["m1", "m2", "m3", "m5", "m6", "f1", "f2", "f3", "f5"]
DEV_VARIANTS = ["m4", "m7", "f4"]
SAMPLE_RATE = 16000
# A fixed timestamp for every zip entry, so that the zips are byte-identical between runs.
ZIP_DATE = (2020, 1, 1, 0, 0, 0)


def check_tools():
    missing = [tool for tool in ("espeak-ng", "sox") if shutil.which(tool) is None]
    if missing:
        sys.exit("make-corpus.py: error: %s not found. Install with:\n"
                 "  apt-get install espeak-ng sox libsox-fmt-base" % " and ".join(missing))
    formats = subprocess.run(["sox", "-h"], capture_output=True, text=True).stdout
    if " vorbis" not in formats:
        sys.exit("make-corpus.py: error: this sox cannot write Ogg/Vorbis. Install with:\n"
                 "  apt-get install libsox-fmt-base")


def draw_text(rng, forbidden):
    """One utterance text: 10 % a command word, else 1 to 5 digits not in `forbidden`."""
    if rng.random() < 0.1:
        return rng.choice(COMMANDS)
    while True:
        n = rng.randint(1, 5)
        text = " ".join(rng.choice(DIGITS) for _ in range(n))
        if n == 1 or text not in forbidden:
            return text


def synthesize(text, voice, speed, pitch, gap, tmp_dir, out_path):
    """espeak-ng -> WAV (22.05 kHz) -> sox -> 16 kHz mono Ogg/Vorbis. Returns the duration in s."""
    wav_path = os.path.join(tmp_dir, "espeak.wav")
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-p", str(pitch), "-g", str(gap),
                    "-w", wav_path, text], check=True)
    with wave.open(wav_path, "rb") as f:
        duration = f.getnframes() / float(f.getframerate())
    # -R: repeatable (fixed seeds for dither), so the audio does not change between runs;
    # 3 dB of headroom so that resampling does not clip.
    subprocess.run(["sox", "-R", "-V1", wav_path, "-r", str(SAMPLE_RATE), "-c", "1", "-C", "3",
                    out_path, "gain", "-3"], check=True)
    return duration


def write_oggzip(out_dir, name, entries):
    """Writes OUT_DIR/<name>.zip atomically: <name>.txt (the meta list, one dict per line) and
    <name>/<file> for each (file_name, audio_bytes, meta_dict) of `entries`."""
    zip_path = os.path.join(out_dir, "%s.zip" % name)
    tmp_path = os.path.join(out_dir, ".%s.zip.tmp" % name)
    try:
        with zipfile.ZipFile(tmp_path, "w") as zf:
            for file_name, audio, _ in entries:
                info = zipfile.ZipInfo("%s/%s" % (name, file_name), date_time=ZIP_DATE)
                zf.writestr(info, audio, compress_type=zipfile.ZIP_STORED)
            lines = ",\n".join(repr(meta) for _, _, meta in entries)
            info = zipfile.ZipInfo("%s.txt" % name, date_time=ZIP_DATE)
            zf.writestr(info, "[\n%s\n]\n" % lines, compress_type=zipfile.ZIP_DEFLATED)
        with open(tmp_path, "rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp_path, zip_path)
    finally:
        if os.path.exists(tmp_path):
            os.remove(tmp_path)


def make_split(name, count, variants, rng, forbidden, out_dir, log):
    """Synthesizes `count` utterances into OUT_DIR/<name>.zip; returns the set of texts."""
    texts = set()
    entries = []
    tmp_dir = tempfile.mkdtemp(prefix="spoken-digits-")
    try:
        for i in range(count):
            text = draw_text(rng, forbidden)
            voice = "%s+%s" % (rng.choice(ACCENTS), rng.choice(variants))
            speed = rng.randint(130, 210)  # words per minute (espeak's default: 175)
            pitch = rng.randint(25, 75)  # 0..99 (default 50)
            gap = rng.randint(0, 6)  # extra pause between words, units of 10 ms
            file_name = "%s-%04i.ogg" % (name, i)
            ogg_path = os.path.join(tmp_dir, file_name)
            duration = synthesize(text, voice, speed, pitch, gap, tmp_dir, ogg_path)
            with open(ogg_path, "rb") as f:
                audio = f.read()
            os.remove(ogg_path)
            entries.append((file_name, audio, {
                "file": file_name, "seq_name": "spoken-digits/%s/%04i" % (name, i), "text": text,
                "duration": round(duration, 3), "voice": voice, "speed": speed, "pitch": pitch, "gap": gap}))
            texts.add(text)
            if (i + 1) % 100 == 0:
                log("%s: %i/%i" % (name, i + 1, count))
    finally:
        shutil.rmtree(tmp_dir, ignore_errors=True)
    write_oggzip(out_dir, name, entries)
    total = sum(meta["duration"] for _, _, meta in entries)
    log("%s.zip: %i utterances, %.1f s of audio" % (name, count, total))
    return texts


def write_vocab(path):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(repr({word: index for index, word in enumerate(WORDS)}) + "\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def main():
    user = os.environ.get("USER") or "returnn"
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out_dir", nargs="?", default="/tmp/%s/spoken-digits" % user)
    parser.add_argument("--train", type=int, default=600, help="train utterances (600)")
    parser.add_argument("--dev", type=int, default=100, help="dev utterances (100)")
    parser.add_argument("--seed", type=int, default=17, help="random seed (17)")
    args = parser.parse_args()
    if args.train < 1 or args.dev < 1:
        parser.error("--train and --dev must be at least 1")
    check_tools()
    os.makedirs(args.out_dir, exist_ok=True)
    rng = random.Random(args.seed)
    log = lambda msg: print("make-corpus.py: " + msg, flush=True)
    train_texts = make_split("train", args.train, TRAIN_VARIANTS, rng, set(), args.out_dir, log)
    make_split("dev", args.dev, DEV_VARIANTS, rng, train_texts, args.out_dir, log)
    write_vocab(os.path.join(args.out_dir, "words.vocab"))
    log("wrote %s/{train.zip,dev.zip,words.vocab}" % args.out_dir)


if __name__ == "__main__":
    main()
