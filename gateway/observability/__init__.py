"""What the gateway tells operators: one log line per request, metrics, the traffic roll-up."""
