"""Scoring extracted records against gold, exactly as CODEBOOK.md section 3 says."""
