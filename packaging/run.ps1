# Factory Direct on Windows: set up (venv, dependencies, translations), create the demo, open the app.
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..")
. (Join-Path $PSScriptRoot "setup.ps1")
if (-not (Test-Path "demo\demo-factory.fdw")) { & .venv\Scripts\python.exe main.py demo demo\demo-factory.fdw }
& .venv\Scripts\python.exe main.py --workspace demo\demo-factory.fdw
