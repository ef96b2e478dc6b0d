#!/usr/bin/env bash
# Restores the Bicep CLI used by `npm run check:infra` and test/infra from the NuGet package
# Azure.Bicep.CommandLine.linux-x64 (needs the .NET SDK; about ten seconds with a warm network).
# Prints the path of the binary; scripts/bicep-cli.mjs finds it there without further configuration.
set -euo pipefail

BICEP_VERSION="0.49.2"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
packages="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
bicep="$packages/azure.bicep.commandline.linux-x64/$BICEP_VERSION/tools/bicep"

if [[ ! -x "$bicep" ]]; then
  # Restore outputs (obj/) go to a temporary directory so the work tree stays clean.
  obj="$(mktemp -d)"
  trap 'rm -rf "$obj"' EXIT
  DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 \
    dotnet restore "$repo_root/scripts/bicep/bicep-cli.csproj" \
      --verbosity quiet "-p:BaseIntermediateOutputPath=$obj/" "-p:MSBuildProjectExtensionsPath=$obj/"
  # NuGet does not keep the executable bit of files inside a package.
  chmod +x "$bicep"
fi

"$bicep" --version >&2
echo "$bicep"
