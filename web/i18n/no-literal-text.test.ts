/**
 * Every word the page shows comes from the catalogues. This reads every component (web/**\/*.tsx)
 * with the TypeScript parser and fails on words written straight into JSX: text between tags,
 * a string given as a child ({'…'} or {`…`}), and the attributes people read (title, aria-label,
 * placeholder, alt). Words in t('…') calls, class names and test ids are not shown as prose.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const WEB = path.resolve(__dirname, '..');
const READ_ATTRIBUTES = new Set(['title', 'aria-label', 'aria-description', 'placeholder', 'alt', 'aria-roledescription', 'aria-valuetext']);
/** Technical tokens the chapter keeps as written, in every language. */
const ALLOWED = new Set(['onOpen', 'onClose', 'onMessage', 'onError', 'WebRTC', 'meshchain']);

function componentFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : componentFiles(full);
    return entry.name.endsWith('.tsx') ? [full] : [];
  });
}

/** Words (two letters or more, any script but digits) left after the allowed tokens are taken out. */
function words(text: string): string[] {
  return (text.match(/[\p{L}][\p{L}'’-]+/gu) ?? []).filter((word) => !ALLOWED.has(word));
}

const COMPARISONS = new Set([ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken]);

/**
 * Strings an expression in a JSX child can put on the page: literals, template text, both sides of
 * `?:`, `&&` and `||`. Call arguments (t('key'), values) and compared values (x === 'genesis') are not shown.
 */
function shownStrings(e: ts.Expression): string[] {
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return [e.text];
  if (ts.isTemplateExpression(e)) return [[e.head.text, ...e.templateSpans.map((s) => s.literal.text)].join(' ')];
  if (ts.isParenthesizedExpression(e)) return shownStrings(e.expression);
  if (ts.isConditionalExpression(e)) return [...shownStrings(e.whenTrue), ...shownStrings(e.whenFalse)];
  if (ts.isBinaryExpression(e) && !COMPARISONS.has(e.operatorToken.kind)) return [...shownStrings(e.left), ...shownStrings(e.right)];
  return [];
}

export function literalText(source: string, fileName = 'component.tsx'): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const report = (node: ts.Node, text: string) => {
    if (words(text).length > 0) {
      const { line } = file.getLineAndCharacterOfPosition(node.getStart(file));
      found.push(`${path.relative(WEB, fileName)}:${line + 1}: ${text.trim().slice(0, 60)}`);
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isJsxText(node)) report(node, node.text);
    else if (ts.isJsxExpression(node) && node.expression && (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent))) {
      for (const text of shownStrings(node.expression)) report(node, text);
    } else if (ts.isJsxAttribute(node) && READ_ATTRIBUTES.has(node.name.getText(file)) && node.initializer) {
      const init = node.initializer;
      if (ts.isStringLiteral(init)) report(node, init.text);
      else if (ts.isJsxExpression(init) && init.expression && (ts.isStringLiteral(init.expression) || ts.isNoSubstitutionTemplateLiteral(init.expression))) {
        report(node, init.expression.text);
      } else if (ts.isJsxExpression(init) && init.expression && ts.isTemplateExpression(init.expression)) {
        const e = init.expression;
        report(node, [e.head.text, ...e.templateSpans.map((s) => s.literal.text)].join(' '));
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('components draw words only from the catalogues', () => {
  it('finds a literal sentence in JSX, a string child and a read attribute (the check itself)', () => {
    const bad = `export const A = () => (<p title="hover text">Hello there <b>{'friend'}</b>{\`\${n} blocks\`}<input placeholder={'type here'} />{me && ' (you)'}{ok ? t('yes') : 'not sent'}</p>);`;
    expect(literalText(bad)).toHaveLength(7);
    const good = `export const A = () => (<p title={t('x')} className="hint" data-testid="a">{t('hello')} · {n} — onOpen <code>#</code>{m === 'genesis' ? t('genesis') : name}</p>);`;
    expect(literalText(good)).toEqual([]);
  });

  it('no component under web/ writes words straight into what it renders', () => {
    const found = componentFiles(WEB).flatMap((file) => literalText(readFileSync(file, 'utf8'), file));
    expect(found).toEqual([]);
  });
});
