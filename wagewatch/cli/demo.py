"""Demo commands beside `demo seed`: one account per role, and the showcase of every stage."""

from __future__ import annotations

from datetime import datetime

import click
from flask.cli import AppGroup

from wagewatch.cli.common import command_office
from wagewatch.demo.showcase import STAGES, demo_accounts, showcase
from wagewatch.demo.showcase_referrals import REFERRAL_STAGES
from wagewatch.extensions import db
from wagewatch.models import Role, User
from wagewatch.services.reference.calendar import today


def register(demo_cli: AppGroup) -> None:
    """Add `demo accounts` and `demo showcase` to the demo command group."""

    @demo_cli.command("accounts")
    @click.option("--office", "office_code", default=None, help="Office code; defaults to the only one.")
    def demo_accounts_command(office_code: str | None) -> None:
        """Create one demo account per role and print their one-time passwords (once)."""
        created = demo_accounts(command_office(office_code))
        if not created:
            click.echo("演示账号已存在，未重新生成密码（可由管理员重置）。")
            return
        click.echo("演示账号（一次性密码只显示这一次，首次登录须修改；管理员、民警、领导还须绑定动态验证码）：")
        for username, role, password in created:
            click.echo(f"  {role.label:<4} {username:<14} {password}")

    @demo_cli.command("showcase")
    @click.option("--office", "office_code", default=None, help="Office code; defaults to the only one.")
    @click.option("--anchor", type=click.DateTime(["%Y-%m-%d"]), default=None,
                  help="The demo's today (default: today in China).")
    def demo_showcase_command(office_code: str | None, anchor: datetime | None) -> None:
        """Evaluate flags, take flagged employers to each blacklist stage, one case to each police
        referral step, supervise two cases."""
        office = command_office(office_code)
        actor = db.session.scalar(db.select(User).where(
            User.office_id == office.id, User.role == Role.CLERK, User.active).order_by(User.id))
        if actor is None:
            raise click.ClickException("该机构没有在用的监察员，请先运行 flask demo accounts。")
        day = anchor.date() if anchor else today()
        if day > today():
            raise click.ClickException("演示日期不能晚于今天。")
        summary = showcase(office, day, actor)
        click.echo(f"黑名单候选单位 {summary.flagged_employers} 家；已按程序办理到各阶段：")
        for stage, name in summary.proceedings.items():
            click.echo(f"  {STAGES[stage]}：{name}")
        click.echo("移送公安机关，已办理到各步骤：")
        for stage, number in summary.referrals.items():
            click.echo(f"  {REFERRAL_STAGES[stage]}：{number}")
        for reason in summary.skipped:
            click.echo(f"  未能办理：{reason}")
        click.echo(f"挂牌督办案件：{'、'.join(summary.supervised) or '无'}")
