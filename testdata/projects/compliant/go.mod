module example.com/transcriber

go 1.22
