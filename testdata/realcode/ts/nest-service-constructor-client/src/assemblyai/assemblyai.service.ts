// Reduction of Brush-Media-Group/gloo-x-sermonshots
// api/src/assemblyai/assemblyai.service.ts: the SDK client is a field set in
// the constructor; requests ask for content safety and chapters.
import { Injectable } from "@nestjs/common";
import { ConfigService } from "@nestjs/config";
import { AssemblyAI, Transcript } from "assemblyai";

@Injectable()
export class AssemblyaiService {
  private client: AssemblyAI;
  constructor(private configService: ConfigService) {
    this.client = new AssemblyAI({ apiKey: this.configService.get<string>("ASSEMBLYAI_API_KEY") ?? "" });
  }

  async transcribeVideo(url: string): Promise<Transcript> {
    return this.client.transcripts.transcribe({ // want "aai-pii-redaction-missing" "aai-retention-no-deletion"
      audio_url: url,
      auto_chapters: true,
      content_safety: true,
    });
  }
}
