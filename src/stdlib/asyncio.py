"""asyncio (gilsim): not written yet."""
