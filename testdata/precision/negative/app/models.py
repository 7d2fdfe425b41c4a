import assemblyai as aai

TRANSCRIPT_IDS = {
    "a629c4e2af887b5f4a05f04cb06d26b9": "weekly sync",
}
transcript_id = "9afd8bde8d6b82b53fdd17273fa9e383"
request_uuid = "5190375f7e042185be82bfc4babc2ffb"
audio_md5 = "9aa6c51270ff628ee126b1d2cfb49563"

def fetch(tid=transcript_id):
    return aai.Transcript.get_by_id(tid)
