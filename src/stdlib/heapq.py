"""heapq (gilsim): not written yet."""
