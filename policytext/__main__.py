"""``python -m policytext`` is the ``policytext`` command."""

from policytext.cli import main

main()
