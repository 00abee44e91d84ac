"""queue (gilsim): not written yet."""
