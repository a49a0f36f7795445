%% kernel/include/inet.hrl as Girder ships it: the hostent record that
%% inet's resolver functions return, with the field names, order and
%% defaults of OTP's kernel reference manual (inet, "hostent()"). Like
%% OTP's header it has no include guard.

-record(hostent,
        {h_name,              % the official name of the host
         h_aliases = [],      % other names
         h_addrtype,          % inet | inet6
         h_length,            % bytes in an address: 4 or 16
         h_addr_list = []}).  % the host's addresses, as tuples
