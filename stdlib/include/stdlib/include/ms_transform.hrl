%% stdlib/include/ms_transform.hrl as Girder ships it. Including it turns
%% ets:fun2ms/1 and dbg:fun2ms/1 calls whose argument is a literal fun into
%% the match specifications they stand for, at compile time; Girder's
%% compiler does that itself (tools/compiler/ms_transform.cpp), asked for
%% the way OTP's header asks for its parse transform:
-compile({parse_transform, ms_transform}).
