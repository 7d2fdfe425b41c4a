package com.acme;

import com.assemblyai.api.AssemblyAI;

public class Transcribe {
    public static void main(String[] args) {
        AssemblyAI client = AssemblyAI.builder()
            .apiKey("e79900a2b5d57bd35a415f9d6e30a579")
            .build();
    }
}
