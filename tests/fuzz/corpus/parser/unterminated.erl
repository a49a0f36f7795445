-module(unterminated).
f() -> "abc
