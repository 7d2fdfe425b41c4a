# Fixture: a package that re-exports its transcribers.
from .transcribers import redacting, transcriber
