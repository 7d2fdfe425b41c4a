# Reduction of kaunghtut24/Ai-meetingnotes api/assemblyai-token.py: the
# "token" route returns the account key itself.
import os

from flask import Flask, jsonify

app = Flask(__name__)
assemblyai_key = os.environ.get("ASSEMBLYAI_API_KEY")


@app.route("/api/assemblyai-token", methods=["GET", "POST"])
def get_assemblyai_token():
    if not assemblyai_key:
        return jsonify({"error": "AssemblyAI API key not found"}), 500
    return jsonify({"token": assemblyai_key})  # want "aai-browser-key-returned"
