# Factory Direct on Windows: set up, then run the whole test suite headless.
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..")
. (Join-Path $PSScriptRoot "setup.ps1")
$env:QT_QPA_PLATFORM = "offscreen"
& .venv\Scripts\python.exe -m pytest
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
& .venv\Scripts\lint-imports.exe
exit $LASTEXITCODE
