// Fixture: module.exports is a params object.
module.exports = { speech_model: "best", content_safety: true };
