"""Tests of the source clients over real HTTP against a local stand-in for the sources."""
