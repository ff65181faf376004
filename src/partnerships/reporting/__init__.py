"""Reports to parliament: one content model, rendered to HTML, PDF and DOCX."""
