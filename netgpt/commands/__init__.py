"""One module per `netgpt` command or command group."""
