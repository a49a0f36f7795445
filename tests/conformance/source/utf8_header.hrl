%% A header without a coding comment: UTF-8 whoever includes it.
-define(UTF8_TEXT, "Zürich € ½").
