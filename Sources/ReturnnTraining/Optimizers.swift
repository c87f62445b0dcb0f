/// Namespace of the optimizer update rules, one per file (`Optimizers+Adam.swift`, ...).
/// Which RETURNN names map to which rule is listed in `OptimizerRegistry`.
enum Optimizers {}
