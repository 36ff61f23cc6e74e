"""Reports that look across every feature (readiness: what stops a product reaching each platform)."""
