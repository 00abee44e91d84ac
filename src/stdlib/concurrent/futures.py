"""concurrent.futures (gilsim): not written yet."""
