"""Background handlers of the intake flow."""
