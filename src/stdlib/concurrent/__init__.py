"""concurrent (gilsim): the package of concurrent.futures."""
