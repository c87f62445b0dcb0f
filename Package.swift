// swift-tools-version: 6.0
// swift-returnn: RETURNN rebuilt in Swift. Layout and allowed imports follow the project DESIGN;
// arrows only go down: Kernels <- Tensor <- Data/Network <- Training <- CLI; Config is Foundation only;
// TFFormats (TensorFlow's checkpoint and TensorBoard file formats) is SwiftProtobuf + Foundation only.
import Foundation
import PackageDescription

/// CPU the numeric targets are compiled for. Swift SIMD code needs an explicit `-target-cpu`:
/// without it a vector FMA becomes a libm call per lane (about 100x slower). Override with
/// `RETURNN_TARGET_CPU=znver4 swift build` (or `x86-64` for a portable but slow binary).
let targetCPU = ProcessInfo.processInfo.environment["RETURNN_TARGET_CPU"] ?? "native"

/// With `native`, the build's flags would not change when the same checkout moves to a CPU with a
/// different vector ISA, and SwiftPM would keep objects that die with SIGILL. A define naming the
/// widest vector ISA of the build machine makes such a move rebuild the numeric targets.
let vectorISA: String = {
    guard targetCPU == "native", let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
          let flags = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
    else { return "RETURNN_ISA_UNKNOWN" }
    let set = Set(flags.split(separator: " "))
    return set.contains("avx512f") ? "RETURNN_ISA_AVX512" : set.contains("avx2") ? "RETURNN_ISA_AVX2" : "RETURNN_ISA_BASE"
}()

/// Flags for the targets that hold hot numeric loops. They are always optimised, also in debug
/// builds, so that `swift test` runs the real kernels at real speed.
let numericFlags: [SwiftSetting] = [
    .unsafeFlags(["-target-cpu", targetCPU]),
    .unsafeFlags(["-O"], .when(configuration: .debug)),
    .define(vectorISA),
]

let package = Package(
    name: "swift-returnn",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "returnn", targets: ["ReturnnCLI"]),
        .executable(name: "returnn-bench", targets: ["ReturnnBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/apple/swift-protobuf", exact: "1.39.0"),
    ],
    targets: [
        // System libraries. OpenBLAS only for the benchmark's comparison columns and a test oracle:
        // `returnn` links no BLAS.
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CHDF5", pkgConfig: "hdf5", providers: [.apt(["libhdf5-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // Numeric core.
        .target(name: "ReturnnKernels", swiftSettings: numericFlags),
        .target(name: "ReturnnTensor", dependencies: ["ReturnnKernels"], swiftSettings: numericFlags),
        // Config language (Foundation only).
        .target(name: "ReturnnConfig"),
        // Data pipeline.
        .target(name: "ReturnnData", dependencies: ["ReturnnConfig", "CHDF5", "CZlib"], swiftSettings: numericFlags),
        // Networks from the net dict: layers, losses, parameters.
        .target(name: "ReturnnNetwork", dependencies: ["ReturnnTensor", "ReturnnKernels", "ReturnnConfig"],
                swiftSettings: numericFlags),
        // TensorFlow's file formats without TensorFlow: CRC32C, TFRecord, SSTable, tensor bundle
        // (checkpoints), TensorBoard events; generated protos in Generated/ (scripts/generate-protos.sh).
        .target(name: "ReturnnTFFormats", dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")]),
        // Engine: tasks, updater, learning-rate control, checkpoints, pretrain, Log.
        .target(name: "ReturnnTraining", dependencies: [
            "ReturnnNetwork", "ReturnnData", "ReturnnTensor", "ReturnnKernels", "ReturnnConfig", "ReturnnTFFormats",
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: numericFlags),
        // The `returnn` command line.
        .executableTarget(name: "ReturnnCLI", dependencies: ["ReturnnTraining", "ReturnnConfig", "ReturnnData"]),
        // Hand-run benchmarks (never part of the tests).
        .executableTarget(name: "ReturnnBench", dependencies: ["ReturnnKernels", "ReturnnData", "CBLAS"],
                          path: "Benchmarks/ReturnnBench", swiftSettings: numericFlags),
        // Tests, mirroring the sources.
        .testTarget(name: "ReturnnKernelsTests", dependencies: ["ReturnnKernels", "CBLAS"]),
        .testTarget(name: "ReturnnTensorTests", dependencies: ["ReturnnTensor", "ReturnnKernels"]),
        .testTarget(name: "ReturnnConfigTests", dependencies: ["ReturnnConfig"]),
        .testTarget(name: "ReturnnDataTests", dependencies: ["ReturnnData", "ReturnnConfig", "CZlib"]),
        .testTarget(name: "ReturnnNetworkTests", dependencies: ["ReturnnNetwork", "ReturnnTensor", "ReturnnConfig"]),
        .testTarget(name: "ReturnnTFFormatsTests", dependencies: ["ReturnnTFFormats"]),
        .testTarget(name: "ReturnnTrainingTests", dependencies: [
            "ReturnnTraining", "ReturnnNetwork", "ReturnnData", "ReturnnTensor", "ReturnnConfig", "ReturnnTFFormats",
        ]),
        .testTarget(name: "ReturnnCLITests", dependencies: ["ReturnnCLI", "ReturnnData", "ReturnnTFFormats"]),
    ]
)
