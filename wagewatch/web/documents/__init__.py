"""Case instruments: download (docx, PDF), record service, correct, issue an inquiry notice."""
