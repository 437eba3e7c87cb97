"""Test-side tooling: the demo and the simulated news web commands.

The product never imports this app's modules nor ``akhbar.newsweb``.
"""
