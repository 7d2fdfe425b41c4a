# Fixture: Flask routes.
import os

import assemblyai as aai
from flask import Flask, jsonify, render_template

app = Flask(__name__)
KEY = os.environ["ASSEMBLYAI_API_KEY"]


@app.route("/config")
def config():
    return jsonify(apiKey=KEY)  # want "aai-browser-key-returned"


@app.get("/token")
def token():
    client = aai.streaming.v3.StreamingClient(aai.streaming.v3.StreamingClientOptions(api_key=KEY))
    return {"token": client.create_temporary_token(expires_in_seconds=60)}


@app.get("/long")
def long_token():
    client = aai.streaming.v3.StreamingClient(aai.streaming.v3.StreamingClientOptions(api_key=KEY))
    return {"token": client.create_temporary_token(expires_in_seconds=7200)}  # want "aai-token-long-expiry"


@app.get("/raw")
def raw():
    return {"key": os.getenv("ASSEMBLYAI_API_KEY")}  # want "aai-browser-key-returned"


@app.get("/health")
def health():
    return {"configured": bool(os.environ.get("ASSEMBLYAI_API_KEY")), "set": KEY is not None, "length": len(KEY)}


@app.get("/sdk-key")
def sdk_key():
    return {"key": aai.settings.api_key}  # want "aai-browser-key-returned"


@app.get("/long-written")
def long_written():
    client = aai.streaming.v3.StreamingClient(aai.streaming.v3.StreamingClientOptions(api_key=KEY))
    return {"token": client.create_temporary_token(expires_in_seconds=3_600_000_000)}  # want "aai-token-long-expiry"


@app.get("/page")
def page():
    return render_template("index.html", assemblyai_key=KEY)  # want "aai-browser-key-returned"


@app.get("/safe-page")
def safe_page():
    return render_template("index.html", has_key=bool(KEY))
