-define(X, 1).
foo() -> "é".
-define(Y, 2).
