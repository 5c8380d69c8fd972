"""One module per stage of the pathway, each a small process step that reads like the real one."""
