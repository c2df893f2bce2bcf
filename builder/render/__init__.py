"""Renderers: turn a composed Document into a file format. Siblings never import each other."""
