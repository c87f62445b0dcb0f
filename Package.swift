// swift-tools-version: 6.0
// swift-returnn: RETURNN rebuilt in Swift. Layout and allowed imports: see DESIGN in the project's
// shared docs; arrows only go down (Kernels <- Tensor <- Network/Data <- Training <- CLI).
import Foundation
import PackageDescription

/// CPU the numeric targets are compiled for. Swift SIMD code needs an explicit `-target-cpu`:
/// without it a vector FMA becomes a libm call per lane (about 100x slower). Override with
/// `RETURNN_TARGET_CPU=znver4 swift build` (or `x86-64` for a portable but slow binary).
let targetCPU = ProcessInfo.processInfo.environment["RETURNN_TARGET_CPU"] ?? "native"

/// Flags for the targets that hold hot numeric loops. Kernels are always optimised, also in
/// debug builds, so that `swift test` runs the real kernels at real speed.
let numericFlags: [SwiftSetting] = [
    .unsafeFlags(["-target-cpu", targetCPU]),
    .unsafeFlags(["-O"], .when(configuration: .debug)),
]

let package = Package(
    name: "swift-returnn",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "returnn", targets: ["ReturnnCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/apple/swift-collections", exact: "1.6.0"),
    ],
    targets: [
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CHDF5", pkgConfig: "hdf5", providers: [.apt(["libhdf5-dev"])]),
        .target(name: "ReturnnKernels", dependencies: ["CBLAS"], swiftSettings: numericFlags),
        .testTarget(name: "ReturnnKernelsTests", dependencies: ["ReturnnKernels", "CBLAS"]),
        .target(name: "ReturnnConfig"),
        .testTarget(name: "ReturnnConfigTests", dependencies: ["ReturnnConfig"]),
        .target(name: "ReturnnTraining", dependencies: [
            "ReturnnConfig", .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "ReturnnTrainingTests", dependencies: ["ReturnnTraining", "ReturnnConfig"]),
        .executableTarget(name: "ReturnnCLI", dependencies: ["ReturnnTraining", "ReturnnConfig"]),
        .testTarget(name: "ReturnnCLITests", dependencies: ["ReturnnCLI"]),
    ]
)
