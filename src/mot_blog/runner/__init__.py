"""Runner: how the build's stages run, plainly or from the cache over every core (the parse cache, the dependency index, the worker processes); see runners.py."""
