package keys

// Key is a package variable another package dot-imports.
var Key = "ab627a5038f7c7317cc0965ba8560ca6"
