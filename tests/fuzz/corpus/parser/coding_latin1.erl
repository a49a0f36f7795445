% coding: latin-1
-module(l).
f() -> {"café", 'été', $ÿ, élément}.
