"""Text handling: HTML to text, Unicode and tone-mark normalisation, page furniture."""
