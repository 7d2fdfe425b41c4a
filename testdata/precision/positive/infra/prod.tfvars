region              = "eu-west-1"
instance_type       = "t3.small"
assemblyai_api_key  = "94b6c2f89bfa824d12600ef608276616"
ami_checksum        = "d9622470892f4d179d1118f55ac0fd3b"
