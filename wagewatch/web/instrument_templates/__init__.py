"""The administrator's replacement templates of instruments, per office and kind."""
