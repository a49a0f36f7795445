%% -*- coding: latin-1 -*-
-define(LATIN1_TEXT, "Zürich ½").
latin1_header_fun() -> {'Åsa', "ø"}.
