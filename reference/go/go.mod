module sftparity/reference

go 1.22
