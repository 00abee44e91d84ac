"""collections (gilsim): not written yet."""
