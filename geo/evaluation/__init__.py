"""Development tooling: geoparse and extraction scores against gold, calibration training and
benchmarks. Nothing at run time imports this package (an import-linter contract says so)."""
