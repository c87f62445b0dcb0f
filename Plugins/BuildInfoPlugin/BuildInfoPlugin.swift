import Foundation
import PackagePlugin

/// Generates `BuildInfo.swift` (git commit and build day) before every build of the target that
/// uses it, by running `scripts/build-info.sh`. A prebuild command rather than a define in
/// Package.swift: SwiftPM caches the manifest's results, so a value computed there goes stale.
@main
struct BuildInfoPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let package = context.package.directoryURL
        let out = context.pluginWorkDirectoryURL.appendingPathComponent("BuildInfo")
        return [
            .prebuildCommand(
                displayName: "Build info: git commit of \(package.path)",
                executable: URL(fileURLWithPath: "/bin/sh"),
                arguments: [package.appendingPathComponent("scripts/build-info.sh").path, package.path, out.path],
                outputFilesDirectory: out),
        ]
    }
}
