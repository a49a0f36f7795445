%% kernel/include/file.hrl as Girder ships it: the records of the file
%% module's API (file:read_file_info/1 and friends), with the field names and
%% order documented for OTP's kernel application. Written for Girder from the
%% `file` reference manual.
-ifndef(FILE_HRL_).
-define(FILE_HRL_, 1).

%% What file:read_file_info/1,2 returns. Times are {{Y,Mo,D},{H,Mi,S}}
%% (local time) or seconds, by the call's {time, Type} option.
-record(file_info,
        {size :: non_neg_integer() | 'undefined',
         type :: 'device' | 'directory' | 'other' | 'regular' | 'symlink' | 'undefined',
         access :: 'read' | 'write' | 'read_write' | 'none' | 'undefined',
         atime :: tuple() | non_neg_integer() | 'undefined',
         mtime :: tuple() | non_neg_integer() | 'undefined',
         ctime :: tuple() | non_neg_integer() | 'undefined',
         mode :: non_neg_integer() | 'undefined',
         links :: non_neg_integer() | 'undefined',
         major_device :: non_neg_integer() | 'undefined',
         minor_device :: non_neg_integer() | 'undefined',
         inode :: non_neg_integer() | 'undefined',
         uid :: non_neg_integer() | 'undefined',
         gid :: non_neg_integer() | 'undefined'}).

%% An open file that is not a plain process (raw files).
-record(file_descriptor,
        {module :: module(),
         data :: term()}).

-endif.
