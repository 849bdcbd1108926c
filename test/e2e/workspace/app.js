// Fixture for the end-to-end tests: an Express handler that evaluates user input.
// Rampart must report rampart.js.code-injection.eval on the line that evaluates the query.
import express from 'express';

const app = express();

app.get('/calc', (req, res) => {
  const result = eval(req.query.code);
  res.send(String(result));
});

app.listen(3000);
