from hypothesis import HealthCheck, settings

# No wall-clock limits in tests: the engine's first call compiles the pack.
settings.register_profile(
    "default",
    deadline=None,
    max_examples=150,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("default")
