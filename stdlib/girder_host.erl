%% girder_host: the process behind a host mailbox of the embedding API
%% (girder_mailbox_new in vm/embed/include/girder.h). Every message it
%% receives goes to the host through girder_bif:host_mailbox_put/1; exit
%% signals from links arrive as {'EXIT', Pid, Reason} messages, as in a
%% process that traps exits. It ends when the host frees the mailbox (the
%% BIF then answers `closed`).
-module(girder_host).
-export([mailbox/0]).

mailbox() ->
    process_flag(trap_exit, true),
    loop().

loop() ->
    receive
        Message ->
            case girder_bif:host_mailbox_put(Message) of
                ok -> loop();
                closed -> ok
            end
    end.
