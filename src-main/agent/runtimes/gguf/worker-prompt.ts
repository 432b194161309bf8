// Inside the inference process: a job's prompt as tokens, and where its answer ends. Text prompts
// are tokenized as node-llama-cpp's completion would; a chat goes through the model's own
// template when it has one, else ChatML as the Rust Island writes it. The beginning-of-sequence
// token is left out here because the completion adds it; `promptTokens` counts it.
import type { ChatHistoryItem, LlamaText, Token } from 'node-llama-cpp';
import { chatMlSegments, CHATML_STOP_TRIGGERS } from '../../../../src-shared/domain/gguf/chatml';
import type { ChatMessage } from '../../../../src-shared/domain/gguf/prompt';
import type { LoadedModel } from './worker-model';
import type { GenerationPrompt } from './worker-protocol';

export interface PreparedPrompt {
  /** Without the beginning-of-sequence token. */
  tokens: Token[];
  /** All the model sees, the beginning-of-sequence token included. */
  promptTokens: number;
  /** Where the chat format ends an answer (matched by node-llama-cpp, token by token). */
  stopTriggers: (LlamaText | string)[];
}

/** Which token llama.cpp puts first (node-llama-cpp's resolveBeginningTokenToPrepend). */
function beginningToken(m: LoadedModel): Token | null {
  const { model, lib } = m;
  const type = model.vocabularyType;
  if (type === lib.LlamaVocabularyType.rwkv || type === lib.LlamaVocabularyType.ugm) return null;
  if (type === lib.LlamaVocabularyType.wpm) return model.tokens.bos;
  return model.tokens.shouldPrependBosToken ? model.tokens.bos : null;
}

/** Messages as node-llama-cpp's chat history; a role it has no name for is read as the user's. */
function chatHistory(messages: readonly ChatMessage[]): ChatHistoryItem[] {
  const items: ChatHistoryItem[] = messages.map((m): ChatHistoryItem => {
    if (m.role === 'system') return { type: 'system', text: m.content };
    if (m.role === 'assistant') return { type: 'model', response: [m.content] };
    return { type: 'user', text: m.content };
  });
  // The answer to generate.
  items.push({ type: 'model', response: [] });
  return items;
}

function chatText(m: LoadedModel, messages: readonly ChatMessage[]): { text: LlamaText; stopTriggers: (LlamaText | string)[] } {
  if (m.chatWrapper) {
    const state = m.chatWrapper.generateContextState({ chatHistory: chatHistory(messages) });
    return { text: state.contextText, stopTriggers: state.stopGenerationTriggers };
  }
  const { LlamaText, SpecialTokensText } = m.lib;
  const text = LlamaText(chatMlSegments(messages).map((s) => (s.kind === 'special' ? new SpecialTokensText(s.text) : s.text)));
  return { text, stopTriggers: [...CHATML_STOP_TRIGGERS] };
}

export function preparePrompt(m: LoadedModel, prompt: GenerationPrompt): PreparedPrompt {
  const bos = beginningToken(m);
  const trim = bos !== null ? 'trimLeadingSpace' : undefined;
  let tokens: Token[];
  let stopTriggers: (LlamaText | string)[] = [];
  if (prompt.kind === 'text') {
    tokens = m.model.tokenize(prompt.text, false, trim);
  } else {
    const chat = chatText(m, prompt.messages);
    tokens = chat.text.tokenize(m.model.tokenizer, trim);
    // A template that writes the BOS token itself must not get a second one.
    if (bos !== null && tokens[0] === bos) tokens = tokens.slice(1);
    stopTriggers = chat.stopTriggers;
  }
  return { tokens, promptTokens: tokens.length + (bos === null ? 0 : 1), stopTriggers };
}
